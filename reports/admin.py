"""Reports keep no tables of their own, so nothing is registered in the admin."""
