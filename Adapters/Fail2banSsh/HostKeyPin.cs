namespace FirewallGateway.Adapters.Fail2banSsh;

/// <summary>
/// SHA-256 host key fingerprints in the form OpenSSH prints them (<c>SHA256:</c> + unpadded base64). SSH.NET
/// gives the bare base64; both sides are compared in this one canonical form.
/// </summary>
internal static class HostKeyPin
{
    /// <summary>The canonical form, or null when the text is not a SHA-256 fingerprint.</summary>
    public static string? Normalize(string text)
    {
        string body = text.StartsWith("SHA256:", StringComparison.Ordinal) ? text["SHA256:".Length..] : text;
        body = body.TrimEnd('=');
        if (body.Length != 43)
        {
            return null;
        }

        // 32 bytes are 43 base64 characters unpadded; round-trip through the decoder to refuse anything else.
        Span<byte> bytes = stackalloc byte[33];
        return Convert.TryFromBase64String(body + "=", bytes, out int written) && written == 32
            ? "SHA256:" + body
            : null;
    }
}
