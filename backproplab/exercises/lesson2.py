"""Exercises of lesson 2 (registered with backproplab.exercises.register)."""
