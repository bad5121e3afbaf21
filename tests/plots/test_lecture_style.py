import matplotlib as mpl
import matplotlib.pyplot as plt

from backproplab import plots


def test_lecture_style_enlarges_figures_inside_the_block_only():
    before = dict(mpl.rcParams)
    with plots.lecture_style():
        assert mpl.rcParams["font.size"] >= 16 and mpl.rcParams["lines.linewidth"] >= 3
        colours = mpl.rcParams["axes.prop_cycle"].by_key()["color"]
        assert set(colours) <= {c.lower() for c in plots.OKABE_ITO} | set(plots.OKABE_ITO)
        fig, ax = plt.subplots()
        line, = ax.plot([0, 1], [0, 1])
        assert line.get_linewidth() == 3.0 and ax.title.get_fontsize() == 22
        plt.close(fig)
    assert mpl.rcParams["font.size"] == before["font.size"]
    assert mpl.rcParams["axes.prop_cycle"] == before["axes.prop_cycle"]


def test_lecture_style_works_as_a_decorator():
    @plots.lecture_style()
    def size():
        return mpl.rcParams["axes.labelsize"]
    assert size() == 20 and mpl.rcParams["axes.labelsize"] != 20
