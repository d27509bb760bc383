namespace FirewallGateway.Api;

/// <summary>JSON answers through the source-generated context.</summary>
internal static class ApiResults
{
    public static IResult Error(int status, string error, string detail, string? field = null) =>
        Results.Json(new ApiError(error, detail, field), ApiJsonContext.Default.ApiError, statusCode: status);

    public static IResult BadRequest(string field, string detail) => Error(StatusCodes.Status400BadRequest, "invalid-field", detail, field);

    public static IResult NotFound(string detail) => Error(StatusCodes.Status404NotFound, "not-found", detail);
}
