echo ÿþ
