"""planctl: an office's annual service-quality plan as version-controlled, validated YAML."""

__version__ = "0.1.0"
