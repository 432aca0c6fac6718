using DataExchange.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataExchange.Data.Configurations;

internal sealed class AgencyClientConfiguration : IEntityTypeConfiguration<AgencyClientEntity>
{
    public void Configure(EntityTypeBuilder<AgencyClientEntity> builder)
    {
        builder.ToTable("agency_clients");
        builder.HasKey(client => client.ClientId);
        builder.Property(client => client.ClientId).HasMaxLength(100);
        builder.Property(client => client.Agency).HasMaxLength(32);
    }
}
