namespace FirewallGateway.Core.Storage;

/// <summary>A login for the HTTP API: a reporter or an operator, with a salted password hash (never the password).</summary>
public sealed record Credential(string Name, string Role, string PasswordHash, bool Active, DateTimeOffset CreatedAt);
