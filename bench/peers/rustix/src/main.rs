// SPDX-License-Identifier: Apache-2.0
// The rustix peer of bench/peers/peers.py: `rustix_peer MODE COUNT` prints
// the median nanoseconds per call of five runs of COUNT calls.
//   getppid   rustix::process::getppid (an inline trap)
//   clock     rustix::time::clock_gettime(Monotonic) (the vDSO)
//   pingpong  a turn handed back and forth between two threads with std's
//             thread::park and unpark (a futex), per round trip

use std::hint::black_box;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Instant;

const RUNS: usize = 5;

fn per_call(count: u64, mut run: impl FnMut(u64)) -> f64 {
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            run(count);
            start.elapsed().as_nanos() as f64 / count as f64
        })
        .collect();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    times[RUNS / 2]
}

fn ping_pong(count: u64) {
    let turn = Arc::new(AtomicBool::new(false)); // true: the partner's
    let main = thread::current();
    let partner_turn = turn.clone();
    let partner = thread::spawn(move || {
        for _ in 0..count {
            while !partner_turn.load(Ordering::Acquire) {
                thread::park();
            }
            partner_turn.store(false, Ordering::Release);
            main.unpark();
        }
    });
    for _ in 0..count {
        turn.store(true, Ordering::Release);
        partner.thread().unpark();
        while turn.load(Ordering::Acquire) {
            thread::park();
        }
    }
    partner.join().unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let count: u64 = args[2].parse().unwrap();
    let nanos = match args[1].as_str() {
        "getppid" => per_call(count, |n| {
            for _ in 0..n {
                black_box(rustix::process::getppid());
            }
        }),
        "clock" => per_call(count, |n| {
            for _ in 0..n {
                black_box(rustix::time::clock_gettime(rustix::time::ClockId::Monotonic));
            }
        }),
        "pingpong" => per_call(count, ping_pong),
        mode => panic!("unknown mode {}", mode),
    };
    println!("{:.1}", nanos);
}
