module github.com/pejling/pejling

go 1.26.8
