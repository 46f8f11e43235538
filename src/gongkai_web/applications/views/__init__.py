"""Back-office views of applications, one module per page group."""
