mount M
mount M
