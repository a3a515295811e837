//! An ordered parallel map: items are produced on worker threads and handed
//! to one consumer strictly in order, so the output never depends on how
//! the work was scheduled.

use std::collections::BTreeMap;
use std::io;
use std::panic;
use std::sync::{Condvar, Mutex};
use std::thread;

/// How many items past the last consumed one the workers may run ahead
/// ([`Weight::First`] items are exempt). Bounds the memory held by
/// finished items waiting for their turn.
const WINDOW: usize = 512;

/// Ranks a worker takes at once, when they are [`Weight::Small`]: many
/// small items then cost fewer trips through the lock and fewer wake-ups.
pub const BATCH: usize = 16;

/// How an item is scheduled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// Slow, and held whole until its turn: started before all others, so
    /// that no core waits for it at the end.
    First,
    /// Worth a thread's turn on its own, and one of many (a run of small
    /// files compressed together): taken alone, in its turn, so that
    /// finished ones are not held long.
    Alone,
    /// Cheap: taken in runs of consecutive ranks.
    Small,
}

struct State<T> {
    /// Index into the work order of the next item to start.
    next: usize,
    /// Finished items not yet consumed, by rank.
    done: BTreeMap<usize, io::Result<T>>,
    /// Ranks below this one have been consumed.
    consumed: usize,
    /// Set when the consumer stops early or an item fails; workers then
    /// stop taking new items.
    stop: bool,
    /// Items a worker has taken and not yet handed back.
    in_flight: usize,
    /// Whether the consumer waits for an item, and how many workers wait
    /// for room in the window: nobody is woken who does not wait, and the
    /// consumer only for the item it waits for (rank `consumed`) or to
    /// stop.
    consumer_waits: bool,
    workers_waiting: usize,
}

/// Runs `work(state, rank)` for every rank in `0..n` on `threads` threads
/// (each with its own `init()` state) and calls `consume(rank, item)` on the
/// calling thread for rank 0, 1, 2… in order. Ranks that `weight` says are
/// [`Weight::First`] are started before all others, the others in rank
/// order. Stops at the first error, from either side.
pub fn ordered<S, T, I, W, F, C>(
    n: usize,
    threads: usize,
    weight: F,
    init: I,
    work: W,
    mut consume: C,
) -> io::Result<()>
where
    T: Send,
    I: Fn() -> S + Sync,
    W: Fn(&mut S, usize) -> io::Result<T> + Sync,
    F: Fn(usize) -> Weight,
    C: FnMut(usize, T) -> io::Result<()>,
{
    if threads <= 1 || n <= 1 {
        let mut state = init();
        for rank in 0..n {
            consume(rank, work(&mut state, rank)?)?;
        }
        return Ok(());
    }
    let weights: Vec<Weight> = (0..n).map(weight).collect();
    let is_first = |rank: usize| weights[rank] == Weight::First;
    let order: Vec<usize> = (0..n)
        .filter(|&r| is_first(r))
        .chain((0..n).filter(|&r| !is_first(r)))
        .collect();
    let shared = Mutex::new(State {
        next: 0,
        done: BTreeMap::new(),
        consumed: 0,
        stop: false,
        in_flight: 0,
        consumer_waits: false,
        workers_waiting: 0,
    });
    let ready = Condvar::new();
    let room = Condvar::new();
    let lock = || shared.lock().expect("no thread panics holding the lock");

    let worker = || {
        let mut state = init();
        let mut batch: Vec<usize> = Vec::with_capacity(BATCH);
        let mut finished: Vec<(usize, io::Result<T>)> = Vec::with_capacity(BATCH);
        loop {
            {
                let mut s = lock();
                loop {
                    if s.stop || s.next == n {
                        return;
                    }
                    let takes =
                        |s: &State<T>, rank: usize| is_first(rank) || rank < s.consumed + WINDOW;
                    let rank = order[s.next];
                    if takes(&s, rank) {
                        batch.push(rank);
                        s.next += 1;
                        // Small items go in runs of consecutive ranks.
                        while weights[rank] == Weight::Small && batch.len() < BATCH && s.next < n {
                            let more = order[s.next];
                            if weights[more] != Weight::Small || !takes(&s, more) {
                                break;
                            }
                            batch.push(more);
                            s.next += 1;
                        }
                        s.in_flight += batch.len();
                        break;
                    }
                    s.workers_waiting += 1;
                    s = room.wait(s).expect("no thread panics holding the lock");
                    s.workers_waiting -= 1;
                }
            }
            let mut failed = false;
            for &rank in &batch {
                let item = panic::catch_unwind(panic::AssertUnwindSafe(|| work(&mut state, rank)))
                    .unwrap_or_else(|_| {
                        Err(io::Error::other("internal error: a worker thread panicked"))
                    });
                failed = item.is_err();
                finished.push((rank, item));
                if failed {
                    break;
                }
            }
            let mut s = lock();
            s.done.extend(finished.drain(..));
            s.in_flight -= batch.len();
            batch.clear();
            if failed {
                s.stop = true;
                room.notify_all();
            }
            if s.consumer_waits && (s.stop || s.done.contains_key(&s.consumed)) {
                ready.notify_one();
            }
        }
    };

    thread::scope(|scope| {
        let workers: Vec<_> = (0..threads).map(|_| scope.spawn(worker)).collect();
        let result = (|| {
            let mut rank = 0;
            let mut available: Vec<(usize, io::Result<T>)> = Vec::new();
            while rank < n {
                {
                    let mut s = lock();
                    loop {
                        // Every finished item from `rank` on, in one visit.
                        while let Some(entry) = s.done.first_entry() {
                            if *entry.key() != rank + available.len() {
                                break;
                            }
                            available.push(entry.remove_entry());
                        }
                        if !available.is_empty() {
                            s.consumed = rank + available.len();
                            if s.workers_waiting > 0 {
                                room.notify_all();
                            }
                            break;
                        }
                        // A later item failed and the workers stopped before
                        // taking this one: it will never come, so report
                        // the failure instead of waiting for it.
                        if s.stop && s.in_flight == 0 {
                            let failure = s
                                .done
                                .iter()
                                .find(|(_, item)| item.is_err())
                                .map(|(&r, _)| r);
                            return Err(match failure.and_then(|r| s.done.remove(&r)) {
                                Some(Err(error)) => error,
                                _ => io::Error::other("the writers stopped early"),
                            });
                        }
                        s.consumer_waits = true;
                        s = ready.wait(s).expect("no thread panics holding the lock");
                        s.consumer_waits = false;
                    }
                }
                for (at, item) in available.drain(..) {
                    consume(at, item?)?;
                    rank = at + 1;
                }
            }
            Ok(())
        })();
        let mut s = lock();
        s.stop = true;
        room.notify_all();
        drop(s);
        // Joined here rather than by the scope, which waits only for each
        // worker's closure to return: a join waits for the thread itself to
        // end, its thread-local destructors included, so no thread of the
        // run outlives it.
        for handle in workers {
            if let Err(panic) = handle.join() {
                panic::resume_unwind(panic);
            }
        }
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_past_the_next_item_ends_the_run_instead_of_hanging() {
        for threads in [2, 3, 8] {
            // The large items start first, so the failing one (rank 1500)
            // is done before the consumer needs rank 0's successors.
            let result = ordered(
                2_000,
                threads,
                |r| {
                    if r % 500 == 0 {
                        Weight::First
                    } else {
                        Weight::Small
                    }
                },
                || (),
                |(), r| {
                    if r == 1_500 {
                        Err(io::Error::new(io::ErrorKind::Interrupted, "stop"))
                    } else {
                        Ok(r)
                    }
                },
                |_, _| Ok(()),
            );
            let error = result.expect_err("the failure is reported");
            assert_eq!(error.kind(), io::ErrorKind::Interrupted);
        }
    }

    #[test]
    fn consumes_in_order_whatever_the_schedule() {
        for threads in [1, 2, 3, 8] {
            let mut seen = Vec::new();
            ordered(
                2_000,
                threads,
                |r| match r % 97 {
                    5 => Weight::First,
                    6..=9 => Weight::Alone,
                    _ => Weight::Small,
                },
                || 0usize,
                |count, r| {
                    *count += 1;
                    Ok(r * 2)
                },
                |r, v| {
                    assert_eq!(v, r * 2);
                    seen.push(r);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(seen, (0..2_000).collect::<Vec<_>>());
        }
    }

    #[test]
    fn an_error_on_either_side_stops_the_run() {
        let err = ordered(
            5_000,
            2,
            |_| Weight::Small,
            || (),
            |_, r| {
                if r == 1_234 {
                    Err(io::Error::other("worker"))
                } else {
                    Ok(r)
                }
            },
            |_, _| Ok(()),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "worker");
        let err = ordered(
            5_000,
            2,
            |_| Weight::Small,
            || (),
            |_, r| Ok(r),
            |r, _| {
                if r == 77 {
                    Err(io::Error::other("consumer"))
                } else {
                    Ok(())
                }
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "consumer");
    }
}
