"""The Qt face of relbook. Only this package imports PySide6."""
