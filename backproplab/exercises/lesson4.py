"""Exercises of lesson 4 (registered with backproplab.exercises.register)."""
