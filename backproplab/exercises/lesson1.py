"""Exercises of lesson 1 (registered with backproplab.exercises.register)."""
