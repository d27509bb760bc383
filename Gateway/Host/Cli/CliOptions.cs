using System.CommandLine;

namespace FirewallGateway.Cli;

/// <summary>The options every client command shares.</summary>
internal static class CliOptions
{
    public static Option<string?> Url { get; } = new("--url") { Description = "Gateway base URL (default FWGW_URL, the Urls of FWGW_CONFIG, or http://127.0.0.1:8080)", Recursive = true };

    public static Option<string?> User { get; } = new("--user") { Description = "Operator login (default FWGW_USER or the admin credentials file)", Recursive = true };

    public static Option<string?> Password { get; } = new("--password") { Description = "Operator password (default FWGW_PASSWORD)", Recursive = true };

    public static Option<string?> CredentialsFile { get; } = new("--credentials-file") { Description = "File with one line user:password (default FWGW_CREDENTIALS_FILE, <Gateway:DataDirectory of FWGW_CONFIG>/admin.credentials, or data/admin.credentials)", Recursive = true };

    public static Option<bool> Json { get; } = new("--json") { Description = "Print JSON for machines" };

    public static CliConnection Connection(ParseResult parse) => CliConnection.Resolve(
        parse.GetValue(Url), parse.GetValue(User), parse.GetValue(Password), parse.GetValue(CredentialsFile));
}
