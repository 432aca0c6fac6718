using Microsoft.AspNetCore.Identity;

namespace DataExchange.Data.Entities;

/// <summary>A person who logs in (ASP.NET Core Identity): always a member of one agency; roles say what they may do.</summary>
public class DxUser : IdentityUser
{
    /// <summary>The agency code (e.g. <c>civil_affairs</c>) the person works for.</summary>
    public required string Agency { get; set; }

    /// <summary>A disabled person can neither log in nor use a token issued before.</summary>
    public bool Disabled { get; set; }
}
