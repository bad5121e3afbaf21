"""Editions of the lessons: reveal.js slides and the nbgrader student edition."""
