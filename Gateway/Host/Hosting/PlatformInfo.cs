using System.Runtime.Versioning;

// The gateway drives Linux firewalls (nftables, fail2ban) and keeps secrets in mode-600 files: Linux only.
[assembly: SupportedOSPlatform("linux")]
