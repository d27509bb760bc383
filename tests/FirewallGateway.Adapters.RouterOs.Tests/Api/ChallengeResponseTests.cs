using FirewallGateway.Adapters.RouterOs.Api;

namespace FirewallGateway.Adapters.RouterOs.Tests.Api;

public sealed class ChallengeResponseTests
{
    [Fact]
    public void Compute_VerifiedVector_MatchesGoRouteros()
    {
        Assert.Equal("0021277bff9ac7caf06aa608e46616d47f", ChallengeResponse.Compute("passTest", "abc123"));
    }

    [Fact]
    public void Compute_NonAsciiPassword_HashesUtf8Bytes()
    {
        // 'ü' is two UTF-8 bytes; sizing the buffer by chars (tik4net's bug) would drop the last byte.
        Assert.NotEqual(ChallengeResponse.Compute("pü", "00"), ChallengeResponse.Compute("p\u00c3", "00"));
        Assert.Equal(34, ChallengeResponse.Compute("pü", "00").Length);
    }

    [Fact]
    public void Compute_NotHexChallenge_IsProtocolError()
    {
        Assert.Throws<RouterOsProtocolException>(() => ChallengeResponse.Compute("x", "zz"));
    }
}
