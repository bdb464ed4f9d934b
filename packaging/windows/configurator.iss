; Inno Setup script for Configurator on Windows (build with windows\build.ps1).
; Per-user install by default (no admin rights); "Install for all users" switches to per-machine.
; Signing-ready: build.ps1 passes /DSignTool=... when a certificate is configured.
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\configurator"
#endif

[Setup]
AppId={{6C1B7E0A-3F2D-4B8E-9C55-1E7A2F0C9D41}
AppName=Configurator
AppVersion={#AppVersion}
AppPublisher=Configurator developers
DefaultDirName={autopf}\Configurator
DefaultGroupName=Configurator
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=Configurator-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=..\..\build\windows\icons\configurator.ico
UninstallDisplayIcon={app}\configurator.exe
#ifdef SignTool
SignTool={#SignTool}
SignedUninstaller=yes
#endif

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Configurator"; Filename: "{app}\configurator.exe"
Name: "{group}\Uninstall Configurator"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Configurator"; Filename: "{app}\configurator.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Run]
Filename: "{app}\configurator.exe"; Description: "Start Configurator"; Flags: nowait postinstall skipifsilent

; Users' data (%LOCALAPPDATA%\Configurator) is never touched by install, upgrade or uninstall.
