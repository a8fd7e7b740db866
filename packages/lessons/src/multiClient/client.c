#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

int main(int argc, char* argv[])
{
    int sock, str_len;
    struct sockaddr_in serv_addr;
    char buff[1024];

    sock = socket(PF_INET, SOCK_STREAM, 0);
    memset(&serv_addr, 0, sizeof(serv_addr));
    serv_addr.sin_family = AF_INET;
    serv_addr.sin_port = htons(4000);
    serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");
    if (-1 == connect(sock, (struct sockaddr*)&serv_addr, sizeof(serv_addr)))
    { perror("connect"); exit(1); }

    write(sock, argv[1], strlen(argv[1]));
    str_len = read(sock, buff, sizeof(buff) - 1);
    buff[str_len] = 0;
    printf("%s\n", buff);
    close(sock);
    return 0;
}
