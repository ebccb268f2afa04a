// SPDX-License-Identifier: Apache-2.0

// The Go peer of bench/peers/peers.py: `go_peer MODE COUNT` prints the
// median nanoseconds per call of five runs of COUNT calls:
//
//	getppid   syscall.Getppid (the runtime's Syscall, with its scheduler hooks)
//	clock     time.Now's monotonic reading (the vDSO, through the runtime)
//	pingpong  a turn handed back and forth between two goroutines over
//	          unbuffered channels, per round trip
//	write     write a line and exit (for the size row)
package main

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"syscall"
	"time"
)

const runs = 5

var sink int64

func perCall(count int, run func(int)) float64 {
	var times []float64
	for i := 0; i < runs; i++ {
		start := time.Now()
		run(count)
		times = append(times, float64(time.Since(start).Nanoseconds())/float64(count))
	}
	sort.Float64s(times)
	return times[runs/2]
}

func pingPong(count int) {
	ping, pong := make(chan struct{}), make(chan struct{})
	go func() {
		for i := 0; i < count; i++ {
			<-ping
			pong <- struct{}{}
		}
	}()
	for i := 0; i < count; i++ {
		ping <- struct{}{}
		<-pong
	}
}

func main() {
	if os.Args[1] == "write" {
		syscall.Write(1, []byte("sysgate\n"))
		os.Exit(0)
	}
	count, err := strconv.Atoi(os.Args[2])
	if err != nil {
		panic(err)
	}
	var run func(int)
	switch os.Args[1] {
	case "getppid":
		run = func(n int) {
			for i := 0; i < n; i++ {
				sink += int64(syscall.Getppid())
			}
		}
	case "clock":
		start := time.Now()
		run = func(n int) {
			for i := 0; i < n; i++ {
				sink += int64(time.Since(start))
			}
		}
	case "pingpong":
		run = pingPong
	default:
		panic("unknown mode " + os.Args[1])
	}
	fmt.Printf("%.1f\n", perCall(count, run))
}
