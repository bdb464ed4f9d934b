# Build the Windows installer: PyInstaller bundle + Inno Setup.
# Needs: Python 3.11+, Inno Setup 6 (iscc on PATH). Optional: $env:SIGN_CERT (a .pfx) and
# $env:SIGN_PASSWORD to sign the bundle's exe and the installer with signtool.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
if (-not (Test-Path .venv)) { py -3.11 -m venv .venv }
.\.venv\Scripts\python -m pip install -q -e ".[packaging]"
# The rule engine's hot modules compiled with mypyc (needs the MSVC Build Tools; without them
# the bundle runs the engine from its sources, slower: `configurator version` says which).
.\.venv\Scripts\python packaging\native.py
$version = .\.venv\Scripts\python -c "from importlib.metadata import version; print(version('configurator'))"
git rev-parse --short=12 HEAD | Out-File -Encoding ascii configurator\_build_revision.txt
.\.venv\Scripts\python packaging\render_icons.py build\windows\icons
Copy-Item build\windows\icons\configurator.ico resources\icons\
try {
    .\.venv\Scripts\pyinstaller --noconfirm --clean --distpath dist --workpath build\windows\pyinstaller packaging\configurator.spec
} finally {
    Remove-Item configurator\_build_revision.txt, resources\icons\configurator.ico -ErrorAction SilentlyContinue
}
$signArgs = @()
if ($env:SIGN_CERT) {
    $sign = "signtool sign /f `"$env:SIGN_CERT`" /p `"$env:SIGN_PASSWORD`" /fd sha256 /tr http://timestamp.digicert.com /td sha256 `$f"
    & signtool sign /f $env:SIGN_CERT /p $env:SIGN_PASSWORD /fd sha256 dist\configurator\configurator.exe
    $signArgs = @("/DSignTool=signer", "/Ssigner=$sign")
}
iscc /DAppVersion=$version @signArgs packaging\windows\configurator.iss
