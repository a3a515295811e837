use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let n = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
        PEAK.fetch_max(n, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
}
#[global_allocator]
static A: Counting = Counting;
fn mb() -> String {
    let p = PEAK.swap(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    format!(
        "live {:.1} MB peak {:.1} MB",
        LIVE.load(Ordering::Relaxed) as f64 / 1e6,
        p as f64 / 1e6
    )
}
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    println!("read: {}", mb());
    let mut a = microcodegen::analyze(&bytes);
    println!("analyze: {}", mb());
    a.manifest = None;
    drop(bytes);
    println!("no manifest: {}", mb());
    let genome = a.genome.unwrap();
    let options = microcodegen::emit::EmitOptions::insecure_fixed_for_tests();
    let plan = microcodegen::emit::Plan::new(&genome, &options);
    println!("plan: {}", mb());
    let out = microcodegen::pack::write_zip_plan(&plan, std::io::sink()).unwrap();
    drop(out);
    println!("zip: {}", mb());
}
