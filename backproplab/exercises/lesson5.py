"""Exercises of lesson 5 (registered with backproplab.exercises.register)."""
