memory 3M
