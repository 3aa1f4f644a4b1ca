; Inno Setup script: a Windows installer for the one-folder app that
; packaging/build.py leaves in dist\panel-review\ (build it on Windows first).
;
;   iscc /DVersion=0.1.0 packaging\panel-review.iss
;
; writes dist\Panel-Review-0.1.0-setup.exe.  It installs per user (no
; administrator rights), adds a Start menu entry, and makes .prb bundles and
; .prw workspaces open with Panel Review.  Sign the installer afterwards (see
; docs/packaging.md); this script has not been run on this project's Linux CI.

#ifndef Version
  #define Version "0.1.0"
#endif

[Setup]
AppId={{6A0E4F3C-7C2B-4E0B-9B7E-3D1F5C2A9E41}
AppName=Panel Review
AppVersion={#Version}
AppPublisher=Panel Review
DefaultDirName={localappdata}\Programs\Panel Review
DefaultGroupName=Panel Review
PrivilegesRequired=lowest
ChangesAssociations=yes
OutputDir=..\dist
OutputBaseFilename=Panel-Review-{#Version}-setup
SetupIconFile=panel-review.ico
UninstallDisplayIcon={app}\Panel Review.exe
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible

[Files]
Source: "..\dist\panel-review\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Panel Review"; Filename: "{app}\Panel Review.exe"
Name: "{userdesktop}\Panel Review"; Filename: "{app}\Panel Review.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "A shortcut on the desktop"; Flags: unchecked

[Registry]
; The two kinds of file a panel member double-clicks.
Root: HKCU; Subkey: "Software\Classes\.prb"; ValueType: string; ValueData: "PanelReview.Bundle"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\PanelReview.Bundle"; ValueType: string; ValueData: "Panel Review bundle"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\PanelReview.Bundle\DefaultIcon"; ValueType: string; ValueData: "{app}\Panel Review.exe,0"
Root: HKCU; Subkey: "Software\Classes\PanelReview.Bundle\shell\open\command"; ValueType: string; ValueData: """{app}\Panel Review.exe"" ""%1"""
Root: HKCU; Subkey: "Software\Classes\.prw"; ValueType: string; ValueData: "PanelReview.Workspace"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\PanelReview.Workspace"; ValueType: string; ValueData: "Panel Review workspace"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\PanelReview.Workspace\DefaultIcon"; ValueType: string; ValueData: "{app}\Panel Review.exe,0"
Root: HKCU; Subkey: "Software\Classes\PanelReview.Workspace\shell\open\command"; ValueType: string; ValueData: """{app}\Panel Review.exe"" ""%1"""

[Run]
Filename: "{app}\Panel Review.exe"; Description: "Open Panel Review"; Flags: nowait postinstall skipifsilent
