package main

import (
	"errors"
	"strconv"
	"strings"
)

// parseSize reads a byte count such as 1048576, 64k, 1M, 1MiB or 2GiB
// (binary multiples, case aside for k).
func parseSize(s string) (int, error) {
	mult := 1
	num := s
	for _, u := range []struct {
		suffix string
		mult   int
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"k", 1 << 10}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}} {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			num, mult = rest, u.mult
			break
		}
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 1 {
		return 0, errors.New("want a positive size such as 65536, 64k or 1MiB")
	}
	if n > (1<<31)/mult {
		return 0, errors.New("at most 2GiB")
	}
	return n * mult, nil
}
