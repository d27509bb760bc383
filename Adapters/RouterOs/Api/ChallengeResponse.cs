using System.Security.Cryptography;
using System.Text;

namespace FirewallGateway.Adapters.RouterOs.Api;

/// <summary>The pre-6.43 login answer: <c>"00" + hex(MD5(0x00 ‖ password ‖ challenge))</c> (PROTOCOLS.md 1.5).</summary>
internal static class ChallengeResponse
{
    /// <summary>Computes the <c>=response=</c> value; the password is taken as UTF-8 bytes, sized by bytes not chars.</summary>
    public static string Compute(string password, string challengeHex)
    {
        byte[] challenge;
        try
        {
            challenge = Convert.FromHexString(challengeHex);
        }
        catch (FormatException)
        {
            throw new RouterOsProtocolException($"the login challenge '{ApiReply.Printable(challengeHex)}' is not hexadecimal");
        }

        byte[] secret = Encoding.UTF8.GetBytes(password);
        byte[] input = new byte[1 + secret.Length + challenge.Length];
        secret.CopyTo(input, 1);
        challenge.CopyTo(input, 1 + secret.Length);
#pragma warning disable CA5351 // MD5 is what the pre-6.43 router protocol demands; it protects nothing of ours
        byte[] hash = MD5.HashData(input);
#pragma warning restore CA5351
        return "00" + Convert.ToHexStringLower(hash);
    }
}
