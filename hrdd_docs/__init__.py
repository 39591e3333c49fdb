"""Human-rights due-diligence documents from one project definition.

The package reads as the pipeline: ``loading`` (YAML with locations) → ``model``
(validation) → ``assess`` (Actions 1, 2, 4–7) → ``clauses`` (selection) →
``render`` (documents) → ``dossier`` (atomic writing). ``cli`` is a thin shell.
"""

__version__ = "0.1.0"
