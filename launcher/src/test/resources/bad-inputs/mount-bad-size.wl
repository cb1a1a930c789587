mount M size=lots
