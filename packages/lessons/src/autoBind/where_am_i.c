#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

int main(int argc, char* argv[])
{
    int sock;
    struct sockaddr_in serv_addr, addr;
    socklen_t addr_size = sizeof(addr);

    sock = socket(PF_INET, SOCK_STREAM, 0);
    getsockname(sock, (struct sockaddr*)&addr, &addr_size);       /* before connect() */

    memset(&serv_addr, 0, sizeof(serv_addr));
    serv_addr.sin_family=AF_INET;
    serv_addr.sin_addr.s_addr=inet_addr(argv[1]);
    serv_addr.sin_port=htons(atoi(argv[2]));
    if(connect(sock, (struct sockaddr*)&serv_addr, sizeof(serv_addr))==-1)
    { perror("connect"); exit(1); }

    addr_size = sizeof(addr);
    getsockname(sock, (struct sockaddr*)&addr, &addr_size);       /* after connect() */
    printf("me: %s:%d\n", inet_ntoa(addr.sin_addr), ntohs(addr.sin_port));
    getpeername(sock, (struct sockaddr*)&addr, &addr_size);
    printf("server: %s:%d\n", inet_ntoa(addr.sin_addr), ntohs(addr.sin_port));
    close(sock);
    return 0;
}
