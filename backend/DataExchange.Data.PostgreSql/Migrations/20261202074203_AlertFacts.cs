using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataExchange.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class AlertFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Facts",
                table: "alerts",
                type: "text",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Facts",
                table: "alerts");
        }
    }
}
