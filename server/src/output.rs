//! Text the commands print for the operator (stdout), apart from the log (stderr).

use std::io::Write;

pub fn say(line: impl AsRef<str>) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", line.as_ref());
    let _ = out.flush();
}
