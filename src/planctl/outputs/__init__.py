"""What planctl makes of plans: documents (documents/), answers for the terminal and scripts
(tables/), files an office exchanges (exports/); cells, grids, JSON text and the progress
display are shared by them."""
