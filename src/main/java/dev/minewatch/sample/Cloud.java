package dev.minewatch.sample;

import java.util.List;

/**
 * One cloud's names for the synthetic scenario: the same people, regions, images and types, as that cloud
 * writes them, and how its normalizer keys each identity.
 */
enum Cloud {
    AWS("aws", List.of("111122223333", "444455556666"),
            List.of("arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/bob",
                    "arn:aws:iam::111122223333:user/carol", "arn:aws:iam::111122223333:user/dave",
                    "arn:aws:iam::111122223333:role/ci-deployer",
                    "arn:aws:iam::444455556666:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"),
            List.of("us-east-1", "us-west-2", "eu-west-1"),
            List.of("ami-0a1b2c3d4e5f60001", "ami-0a1b2c3d4e5f60002", "ami-0a1b2c3d4e5f60003", "ami-0a1b2c3d4e5f60004"),
            List.of("t3.micro", "t3.medium", "m5.large", "c5.xlarge"),
            "ap-southeast-1", "ami-0c0ffee0c0ffee001", "p3.16xlarge", "sa-east-1", "p4d.24xlarge"),
    GCP("gcp", List.of("prod-project-1", "data-project-2"),
            List.of("alice@example.com", "bob@example.com", "carol@example.com", "dave@example.com",
                    "ci-deployer@prod-project-1.iam.gserviceaccount.com",
                    "123456789012@cloudservices.gserviceaccount.com"),
            List.of("us-central1", "europe-west1", "asia-east1"),
            List.of("projects/debian-cloud/global/images/debian-12-bookworm-v20261101",
                    "projects/ubuntu-os-cloud/global/images/ubuntu-2404-noble-amd64-v20261015",
                    "projects/cos-cloud/global/images/cos-117-18613-0-79",
                    "projects/rocky-linux-cloud/global/images/rocky-linux-9-v20261020"),
            List.of("e2-medium", "e2-standard-4", "n2-standard-8", "c3-standard-4"),
            "asia-southeast1", "projects/xmr-tools-4411/global/images/miner-ubuntu-2204", "a2-highgpu-8g",
            "southamerica-east1", "a3-highgpu-8g"),
    AZURE("azure", List.of("0f3c6a52-7d1e-4b8a-9c2f-111122223333", "5e8d2b71-3a4c-4f6e-8b9d-444455556666"),
            List.of("alice@contoso.com", "bob@contoso.com", "carol@contoso.com", "dave@contoso.com",
                    "9f1c2d3e-4b5a-6789-abcd-ef0123456789", "3c2b1a09-8f7e-4d6c-b5a4-0123456789ab"),
            List.of("eastus", "westeurope", "northeurope"),
            List.of("Canonical:ubuntu-24_04-lts:server:latest",
                    "MicrosoftWindowsServer:WindowsServer:2022-datacenter-azure-edition:latest",
                    "RedHat:RHEL:9-lvm-gen2:latest", "Debian:debian-12:12-gen2:latest"),
            List.of("Standard_D2s_v5", "Standard_D4s_v5", "Standard_B2ms", "Standard_E4s_v5"),
            "southeastasia", "/CommunityGalleries/minerimages-4f2c/Images/ubuntu-xmrig/Versions/latest",
            "Standard_NC24ads_A100_v4", "brazilsouth", "Standard_ND96asr_v4");

    /** The scenario's people and services, in the order of {@link #identities}. */
    enum Person { ALICE, BOB, CAROL, DAVE, CI, AUTOSCALER }

    final String provider;
    final List<String> accounts;
    final List<String> identities;
    final List<String> regions;
    final List<String> images;
    final List<String> types;
    final String attackRegion;
    final String attackImage;
    final String attackType;
    final String decoyRegion;
    final String decoyType;

    Cloud(String provider, List<String> accounts, List<String> identities, List<String> regions, List<String> images,
          List<String> types, String attackRegion, String attackImage, String attackType, String decoyRegion,
          String decoyType) {
        this.provider = provider;
        this.accounts = accounts;
        this.identities = identities;
        this.regions = regions;
        this.images = images;
        this.types = types;
        this.attackRegion = attackRegion;
        this.attackImage = attackImage;
        this.attackType = attackType;
        this.decoyRegion = decoyRegion;
        this.decoyType = decoyType;
    }

    /** How the detections key {@code person}. */
    String identity(Person person) {
        return identities.get(person.ordinal());
    }

    /** The {@code n}th of the extra developers a benchmark export adds, as the cloud names them. */
    String developer(int n) {
        String name = String.format(java.util.Locale.ROOT, "dev-%03d", n);
        return switch (this) {
            case AWS -> "arn:aws:iam::" + accounts.get(0) + ":user/" + name;
            case GCP -> name + "@example.com";
            case AZURE -> name + "@contoso.com";
        };
    }

    /** The account (AWS account, GCP project, Azure subscription) a person launches in. */
    String accountOf(Person person) {
        return person == Person.AUTOSCALER ? accounts.get(1) : accounts.get(0);
    }
}
