namespace FirewallGateway.Core.Filtering;

/// <summary>Why an address may not be banned; null from the filter means it may.</summary>
/// <param name="Code">A stable reason code for metrics and API clients: reserved, allow-listed, too-broad.</param>
/// <param name="Message">A sentence naming the matching block or entry.</param>
public sealed record FilterVerdict(string Code, string Message);
