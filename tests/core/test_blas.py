"""Training and the explorers run their tiny matrix products on one BLAS thread, whatever
OPENBLAS_NUM_THREADS says (students start Jupyter however they like)."""
from threadpoolctl import threadpool_info, threadpool_limits

import backproplab as bp
from backproplab.datasets import xor


def _blas_threads():
    return {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}


def test_fit_and_train_step_run_on_one_blas_thread_and_restore_the_setting(monkeypatch):
    seen = []
    net = bp.Network([3, 4, 1], seed=0)
    real_make_step = net._make_step

    def spying_make_step(*args, **kwargs):       # called inside fit, before the epochs run
        seen.append(_blas_threads())
        return real_make_step(*args, **kwargs)

    monkeypatch.setattr(net, "_make_step", spying_make_step)
    X, y = xor()
    with threadpool_limits(limits=2, user_api="blas"):
        assert _blas_threads() == {2}
        net.fit(X, y, epochs=5, lr=1.0)
        assert seen == [{1}]
        assert _blas_threads() == {2}                      # restored afterwards
    for function in (bp.Network.fit, bp.Network.train_step):
        assert hasattr(function, "__wrapped__"), function.__name__


def test_gradient_checks_run_on_one_blas_thread(monkeypatch):
    seen = []
    real = bp.gradcheck.numerical_gradient
    monkeypatch.setattr(bp.gradcheck, "numerical_gradient",
                        lambda *args, **kwargs: (seen.append(_blas_threads()), real(*args, **kwargs))[1])
    net, (X, y) = bp.Network([3, 2, 1], seed=0), xor()
    with threadpool_limits(limits=2, user_api="blas"):
        for check in (bp.gradcheck.check_network, bp.gradcheck.gradient_errors, bp.gradcheck.worst_entry):
            seen.clear()
            check(net, X, y)
            assert seen and all(s == {1} for s in seen), check.__name__


def test_one_blas_thread_restores_after_an_error():
    with threadpool_limits(limits=2, user_api="blas"):
        try:
            with bp.one_blas_thread():
                assert _blas_threads() == {1}
                raise KeyboardInterrupt
        except KeyboardInterrupt:
            pass
        assert _blas_threads() == {2}


def test_an_explorer_updates_on_one_blas_thread(monkeypatch):
    from backproplab.widgets import XORExplorer

    explorer = XORExplorer()
    seen = []
    real_update = explorer.update
    monkeypatch.setattr(explorer, "update", lambda: (seen.append(_blas_threads()), real_update()))
    with threadpool_limits(limits=2, user_api="blas"):
        explorer.controls["lr"].value = 3.0
    assert seen == [{1}]
    assert explorer.state["lr"] == 3.0
