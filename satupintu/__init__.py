"""satupintu: the platform that runs Indonesia's Mal Pelayanan Publik."""

__version__ = "0.1.0"
