frob[31mred
