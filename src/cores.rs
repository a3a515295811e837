//! Splitting work between the cores, for the stages that do the same thing
//! to every entity of a large PRD. The results never depend on the number
//! of threads.

use std::thread;

/// The number of threads to use: the cores available, at most 8.
pub fn workers() -> usize {
    thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// `work` applied to consecutive chunks of `items`, one chunk per core, the
/// results in the order of the chunks. Fewer than `min_per_thread` items
/// per core are not worth a thread: then `work` gets all of them at once.
/// This thread takes the first chunk itself, so it can reuse the memory an
/// earlier stage has just given back.
pub fn map_chunks<'a, T, R, F>(items: &'a [T], min_per_thread: usize, work: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&'a [T]) -> R + Sync,
{
    let threads = workers();
    if threads <= 1 || items.len() < 2 * min_per_thread {
        return vec![work(items)];
    }
    let mut chunks = items.chunks(items.len().div_ceil(threads));
    let first = chunks.next().unwrap_or_default();
    thread::scope(|scope| {
        let others: Vec<_> = chunks
            .map(|chunk| {
                let work = &work;
                scope.spawn(move || work(chunk))
            })
            .collect();
        let mut results = Vec::with_capacity(others.len() + 1);
        results.push(work(first));
        for other in others {
            results.push(
                other
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        results
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_come_back_in_order_whatever_their_number() {
        let items: Vec<usize> = (0..10_000).collect();
        let doubled: Vec<usize> = map_chunks(&items, 16, |chunk| {
            chunk.iter().map(|i| i * 2).collect::<Vec<_>>()
        })
        .into_iter()
        .flatten()
        .collect();
        assert_eq!(doubled, (0..10_000).map(|i| i * 2).collect::<Vec<_>>());
        // Too few items for a thread: one call with all of them.
        assert_eq!(map_chunks(&items[..20], 16, <[usize]>::len), [20]);
    }
}
