mount M huge=sometimes
