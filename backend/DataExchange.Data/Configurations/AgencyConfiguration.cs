using DataExchange.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataExchange.Data.Configurations;

internal sealed class AgencyConfiguration : IEntityTypeConfiguration<AgencyEntity>
{
    public void Configure(EntityTypeBuilder<AgencyEntity> builder)
    {
        builder.ToTable("agencies");
        builder.HasKey(agency => agency.Code);
        builder.Property(agency => agency.Code).HasMaxLength(32);
        builder.Property(agency => agency.DisplayName).HasMaxLength(100);
    }
}
