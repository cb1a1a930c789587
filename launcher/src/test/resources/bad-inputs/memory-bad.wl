memory lots
