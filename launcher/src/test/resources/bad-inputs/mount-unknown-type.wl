mount M type=ext4
