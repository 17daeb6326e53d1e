"""Ships the top-level resources/ folder inside the wheel as ``relbook.resources_data``.

Everything else about the package is in pyproject.toml. A mapped package (rather than a
symlink) keeps ``pip install .`` working from a Windows checkout, where git makes no
symlinks.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["relbook*"]), "relbook.resources_data"],
    package_dir={"relbook.resources_data": "resources"},
)
