; Inno Setup script: DeskSetup-<version>.exe from the PyInstaller bundle.
; Built by .github/workflows/installers.yml on windows-latest (it cannot be built on Linux):
;   pyinstaller --noconfirm --distpath dist packaging\desk.spec
;   iscc /DAppVersion=0.1.0 packaging\windows\desk.iss
; Paths are relative to this file (Inno Setup's SourcePath). Per-user install by default
; (no admin prompt); signing: pass /S"signtool=..." to iscc and uncomment SignTool below.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6B0C5F7E-2C1D-4E8B-9A55-0D3E5A1DE5C0}
AppName=Desk
AppVersion={#AppVersion}
AppPublisher=The Desk developers
AppPublisherURL=https://deskapp.dev/
DefaultDirName={autopf}\Desk
DefaultGroupName=Desk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=DeskSetup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
LicenseFile=..\..\LICENSE
UninstallDisplayIcon={app}\desk.exe
; SignTool=signtool

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "russian"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Desk"; Filename: "{app}\desk.exe"; AppUserModelID: "dev.deskapp.Desk"
Name: "{group}\Desk (demo)"; Filename: "{app}\desk.exe"; Parameters: "--demo"
Name: "{autodesktop}\Desk"; Filename: "{app}\desk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\desk.exe"; Description: "{cm:LaunchProgram,Desk}"; Flags: nowait postinstall skipifsilent
