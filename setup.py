"""setuptools shim: metadata lives in pyproject.toml.

Kept because the design card asks for it and because Babel's message extractors for CKAN templates are
configured here, as CKAN extensions conventionally do.
"""
from setuptools import setup

setup(
    message_extractors={
        "ckanext": [
            ("**.py", "python", None),
            ("**.js", "javascript", None),
            ("**/templates/**.html", "ckan", None),
        ],
    },
)
