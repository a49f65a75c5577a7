"""Junction: one HTTP API over the business software of small companies."""

__version__ = "0.1.0"
