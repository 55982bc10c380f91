//! Pages print on A4 as the clerk files them: Chromium's own print to PDF (the way a
//! browser's Print button lays the page out, honouring `@page`), read back with `pdfinfo`
//! and `pdftotext`: A4 paper, the page's content, none of the navigation or footer.

use std::process::Command;

use prongsai_e2e::start_app;
use prongsai_e2e::webdriver::env_or;

/// Prints `url` to a PDF with headless Chromium and returns its bytes.
fn print_to_pdf(url: &str, out: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    let chromium = env_or("CHROMIUM", "/usr/bin/chromium");
    let status = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", out.display()),
            url,
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()?;
    anyhow::ensure!(
        status.success(),
        "{chromium} --print-to-pdf {url}: {status}"
    );
    Ok(std::fs::read(out)?)
}

fn run(tool: &str, args: &[&str]) -> anyhow::Result<String> {
    let o = Command::new(tool).args(args).output()?;
    anyhow::ensure!(o.status.success(), "{tool} {args:?} failed");
    Ok(String::from_utf8_lossy(&o.stdout).into_owned())
}

// The app answers on this test's runtime while Chromium runs on a blocking thread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_pages_print_on_a4_without_the_navigation() -> anyhow::Result<()> {
    let app = start_app().await?;
    let dir = tempfile::tempdir()?;
    for (path, expected) in [
        ("/hr/2569", "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล"),
        ("/assets/register", "ทะเบียนครุภัณฑ์"),
        ("/assets", "ยืม-คืนพัสดุ/ครุภัณฑ์"),
    ] {
        let url = format!("{}{path}", app.base());
        let out = dir.path().join(format!("{}.pdf", path.replace('/', "_")));
        let pdf_path = out.clone();
        let bytes = tokio::task::spawn_blocking(move || print_to_pdf(&url, &pdf_path)).await??;
        anyhow::ensure!(bytes.starts_with(b"%PDF"), "{path}: not a PDF");
        let file = out.to_string_lossy().into_owned();
        let info = run("pdfinfo", &[&file])?;
        anyhow::ensure!(info.contains("(A4)"), "{path} is not on A4:\n{info}");
        let text = run("pdftotext", &[&file, "-"])?;
        let flat: String = text.split_whitespace().collect();
        let want: String = expected.split_whitespace().collect();
        anyhow::ensure!(
            flat.contains(&want),
            "{path}: {expected:?} not printed:\n{text}"
        );
        anyhow::ensure!(
            flat.contains("องค์การบริหารส่วนตำบลกุดจอก"),
            "{path}: no organization"
        );
        for hidden in ["เข้าสู่ระบบเจ้าหน้าที่", "English"]
        {
            anyhow::ensure!(
                !text.contains(hidden),
                "{path}: the printed page shows {hidden:?}"
            );
        }
    }
    Ok(())
}
