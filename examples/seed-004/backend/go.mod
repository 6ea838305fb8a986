module w-mma

go 1.22
