"""The catalog's rules: expression language, compiler to SAT, and the interactive engine.

Importing the package first decides whether the engine's hot modules run compiled (mypyc) or
from their sources (`rules.native`); it must happen before any of them is imported."""

from configurator.rules.native import activate

BUILD = activate()
