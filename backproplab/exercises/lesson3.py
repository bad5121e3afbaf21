"""Exercises of lesson 3 (registered with backproplab.exercises.register)."""
