mount M huge=always huge=never
